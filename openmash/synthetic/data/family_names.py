"""Family names by naming tradition, most frequent first (our own lists).

The British list follows the order of the commonest surnames in England and Wales; the others
follow community patterns. Weights are derived from rank (see `names.py`).
Polish and Lithuanian names are given in the masculine form; `names.py` derives feminine forms.
"""

from __future__ import annotations

FAMILY_NAMES: dict[str, str] = {
    "british": """
        Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
        Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood
        Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen
        James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly
        Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Marshall
        Anderson Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt
        Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker
        Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Fletcher Walsh Gibson Howard
        Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence
        Cole Atkinson Bradley Spencer Dawson Ball Burton Watts Rose Booth Perry Ryan Grant Wells
        Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe
        Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter
        Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Dean Lane Cooke Bates
        Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman
        Warren Nicholls Hamilton Sutton McDonald Yates Hodgson Robson Curtis Hopkins Harper
        Coleman Watkins Moss Chambers Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon
        Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins Read
        Miles Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt Barber Nelson Slater
        Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake Goodwin Barton Woodward
        Thomson Cunningham Barnett Baxter Clayton Nash Greenwood Jennings Holt Kemp Poole Bond
        Stokes Tucker Davidson Fowler Heath Norman Middleton Lawson Banks French Stanley Jarvis
        Gibbs Ferguson Hayward Douglas Dickinson Todd Barlow Peters Lucas Knowles Hartley
        Simmons Morrison Howe Charlton Bentley Vaughan Hobbs Pugh Jacobs Fuller Sanderson
        Metcalfe Ingram Bull Ashton Dale Garner Kirby Rhodes Horton Hale Summers Tyler Finch
        Skinner Farmer Leach Schofield Swift Marsden Pickering Bowen Whittaker Brennan Naylor
        Parkinson Hancock Welch Sheppard Hope Lord Griffith Pollard Holden Vincent Steele Dyer
        Cartwright Wall Howarth Brookes Wade Sims Butcher Glover Lamb Tomlinson Humphreys
        """,
    "irish": """
        Murphy Kelly O'Sullivan Walsh O'Brien Byrne Ryan O'Connor O'Neill O'Reilly Doyle
        McCarthy Gallagher O'Doherty Kennedy Lynch Murray Quinn Moore McLoughlin Carroll
        Connolly Daly Connell Brennan Flynn Fitzgerald Maguire Ward McDonagh Joyce Doherty Nolan
        Keane Duffy Reilly Sweeney Gavin Hegarty Boyle Mahoney Cassidy
        """,
    "polish": """
        Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański
        Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski
        Nowakowski Pawłowski Michalski Nowicki Adamczyk Dudek Zając Wieczorek Jabłoński Król
        Majewski Olszewski Jaworski Wróbel Malinowski Pawlak Witkowski Walczak Stępień Górski
        Rutkowski Michalak
        """,
    "romanian": """
        Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Rusu Munteanu
        Constantin Mihai Marin Lungu Tudor Dinu Dobre Barbu Florea Nistor
        """,
    "lithuanian": """
        Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas Žukauskas Butkus Paulauskas
        Urbonas Kavaliauskas Navickas Ramanauskas Vaitkus Balčiūnas
        """,
    "southern_european": """
        Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Rossi Russo Ferrari
        Esposito Bianchi Romano García Fernández López Martínez Papadopoulos Sousa
        """,
    "roma": "Lăcătuș Căldăraru Stoica Rostaș Dunka Horváth Balog Lakatos Gaži Kotlár Oláh",
    "indian": """
        Patel Singh Sharma Shah Gill Sandhu Mistry Parmar Chauhan Kumar Mehta Desai Joshi Bhatt
        Sidhu Dhillon Grewal Virdi Bains Johal Sahota Chopra Kapoor Malhotra Gupta Verma Rao
        Nair Pillai Reddy Iyer Ahluwalia Bhamra Lal Solanki
        """,
    "pakistani": """
        Khan Hussain Ahmed Ali Akhtar Mahmood Iqbal Butt Malik Shah Aslam Rashid Mirza Qureshi
        Chaudhry Javed Rehman Sheikh Anwar Raja Yousaf Hanif Riaz Nawaz Sadiq Bashir Arshad
        Latif Mehmood Zaman
        """,
    "bangladeshi": """
        Miah Uddin Rahman Islam Ahmed Hussain Hoque Ali Choudhury Chowdhury Alam Karim Haque
        Sarkar Hossain Khanom Akter Begum Khatun Mannan
        """,
    "other_asian": """
        Sivakumar Rajendran Kanagaratnam Thevarajah Gurung Tamang Rai Thapa Shrestha Magar
        Santos Reyes Cruz Bautista Garcia Ahmadi Rahimi Karimi Noori Sultani
        """,
    "caribbean": """
        Campbell Brown Williams Thomas Johnson Robinson Smith Francis Morgan Clarke Grant Edwards
        Reid Gordon Henry Lewis Richards Anderson Bailey Wright James Allen Thompson Hamilton
        Spencer Powell Dixon Samuels Blake Forbes McKenzie
        """,
    "west_african": """
        Okafor Okonkwo Adeyemi Ogunleye Adebayo Okeke Nwosu Oladipo Eze Ibrahim Balogun Afolabi
        Olawale Adeleke Nwachukwu Chukwu Obi Mensah Owusu Boateng Asante Osei Appiah Agyeman
        Darko Acheampong Oyelaran Ogunbiyi
        """,
    "somali": """
        Mohamed Ahmed Hassan Ali Abdi Farah Omar Ibrahim Yusuf Warsame Jama Osman Nur Aden Hersi
        """,
    "east_african": """
        Moyo Ncube Sibanda Dube Ndlovu Mutasa Chikwanha Otieno Ochieng Wanjiku Mwangi Kamau
        Okello Mukasa Nsubuga Kabongo Mbala
        """,
    "chinese": """
        Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Cheung
        Chan Wong Lee Lau Ng Ho Tang Leung Chow Yip
        """,
    "arab": """
        Al-Sayed Hassan Ali Ahmed Mahmoud Ibrahim Abdullah Khalil Haddad Nasser Saleh Mansour
        Hamdan Darwish Aziz Karim Salem Yousef Al-Masri Al-Hashimi Farouk Jaber
        """,
    "turkish": "Yılmaz Kaya Demir Şahin Çelik Yıldız Aydın Öztürk Arslan Doğan Kılıç Polat",  # noqa: RUF001
}
