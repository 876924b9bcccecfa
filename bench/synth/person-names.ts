/**
 * Given names and family names from many languages, combined by the generator into author names.
 * A wide mix keeps author search realistic: common family names collide (many "Wang"s), full names rarely do.
 */
const words = (s: string) => s.trim().split(/\s+/);

export const GIVEN_NAMES = words(`
  Wei Jing Hao Yu Xin Li Min Jun Yang Tao Lei Fang Yan Hui Ying Chen Qiang Xiaoming Zhiwei Yifan Ruoxi Haoran
  Zihan Yuxuan Mingyu Jiahui Kai Bo Shuai Xiang Peng Lin Jie Ning Rui Ziyi Tianyu Siyuan Hyun Jiwon Minseo Seojun
  Jisoo Dongwook Yuki Haruto Sakura Takeshi Kenji Aiko Ren Daichi Arjun Priya Rahul Ananya Vikram Sneha Rohan
  Aditya Kavya Sanjay Deepika Nikhil Pooja Karthik Meera Siddharth Aisha Omar Fatima Hassan Layla Youssef Amira
  Karim Noor Tariq Leila Mehmet Elif Emre Zeynep Dmitri Olga Ivan Natalia Sergei Anastasia Pavel Katarzyna Piotr
  Agnieszka Tomasz Jan Eva Lukas Anna Felix Sophie Jonas Lena Matthias Clara Maximilian Hannah Pierre Camille
  Julien Chloe Antoine Manon Luca Giulia Marco Francesca Matteo Chiara Alessandro Sofia Carlos Lucia Javier Elena
  Diego Valentina Mateo Isabella Pablo Camila Joao Beatriz Rafael Mariana Gabriel Ana Thiago Fernanda Lars Ingrid
  Erik Astrid Nils Freya Oskar Sven Mikko Aino Johan Maja Daniel Sarah Michael Emily David Laura James Rachel
  Robert Emma John Olivia William Grace Thomas Alice Andrew Julia Benjamin Rebecca Samuel Hannah Nathan Chloe
  Ethan Abigail Ryan Megan Kevin Natalie Brian Victoria Jason Lauren Adam Zoe Noah Maya Liam Ava Owen Ella Kofi
  Amara Chidi Ngozi Tendai Zanele Kwame Adaeze Sipho Nia Tunde Folake Baraka Wanjiru Hamid Parisa Reza Shirin
  Dariusz Ioana Andrei Mihai Yannis Eleni Nikos Katerina Tuan Linh Minh Thao Anh Duc Somchai Kanya Rizwan Sana
`);

export const FAMILY_NAMES = words(`
  Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng Liang Xie Song Tang
  Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Jin
  Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Shin Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura
  Kobayashi Kato Yoshida Sato Kimura Hayashi Sharma Patel Singh Kumar Gupta Reddy Iyer Nair Rao Mehta Joshi Das
  Chatterjee Banerjee Mukherjee Agarwal Verma Bhat Menon Krishnan Subramanian Khan Ahmed Ali Hussain Rahman
  Hassan Haddad Nasser Saleh Mansour Yilmaz Kaya Demir Sahin Celik Ivanov Petrov Smirnov Volkov Kuznetsov Popov
  Sokolov Kowalski Nowak Wisniewski Novak Horvat Muller Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann
  Schulz Koch Richter Klein Wolf Neumann Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau
  Laurent Simon Michel Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti
  Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez Sanchez Ramirez Torres Flores Rivera Gomez Diaz Morales
  Ortiz Silva Santos Oliveira Souza Costa Pereira Almeida Ferreira Carvalho Ribeiro Andersson Johansson Karlsson
  Nilsson Larsson Hansen Jensen Nielsen Virtanen Korhonen Smith Johnson Williams Brown Jones Miller Davis Wilson
  Anderson Taylor Moore Jackson White Harris Thompson Clark Lewis Walker Hall Allen Young King Wright Scott Green
  Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart
  Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks
  Okafor Adeyemi Mensah Owusu Nkosi Dlamini Mwangi Otieno Banda Diallo Traore Nguyen Tran Pham Hoang Vu Bui Dang
  Tanaka Wongsakul Chaiyaporn Papadopoulos Georgiou Popescu Ionescu Moradi Hosseini Karimi Rezaei
`);
